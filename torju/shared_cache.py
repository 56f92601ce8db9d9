"""Django's database cache with an increment that holds under concurrent requests.

The throttles (torju.throttling) count requests in the default cache, which
every process and server shares: this database cache unless TORJU_REDIS_URL
names a Redis (whose INCRBY is atomic already). Django's own database cache
increments by reading and then writing the value, so two requests of one
user at the same moment on two servers would both write the same count and
one would go uncounted: an attacker sending requests in parallel would get
more than the limit. Here the write only succeeds if the value is still the
one read (a compare-and-swap), else it is read again.

The table (`torju_cache`) is created by `migrate` (accounts migration 0004).
"""

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction

CAS_ATTEMPTS = 50


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """Add `delta` to the value at `key` in one step; ValueError when the key is missing, as Django's."""
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)  # type: ignore[attr-defined]  # BaseDatabaseCache sets it
        select = f"SELECT {quote_name('value')} FROM {table} WHERE {quote_name('cache_key')} = %s"  # noqa: S608
        update = (
            f"UPDATE {table} SET {quote_name('value')} = %s "  # noqa: S608
            f"WHERE {quote_name('cache_key')} = %s AND {quote_name('value')} = %s"
        )
        for _attempt in range(CAS_ATTEMPTS):
            if not self.has_key(key, version=version):  # missing or expired
                raise ValueError(f"Key '{key}' not found")
            with transaction.atomic(using=db), connection.cursor() as cursor:
                cursor.execute(select, [cache_key])
                row = cursor.fetchone()
                if row is None:
                    raise ValueError(f"Key '{key}' not found")
                stored = connection.ops.process_clob(row[0])
                new_value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301 (our own rows)
                encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
                cursor.execute(update, [encoded, cache_key, stored])
                if cursor.rowcount == 1:
                    return int(new_value)
        raise RuntimeError(f"the cache key '{key}' changed {CAS_ATTEMPTS} times while it was being incremented")
