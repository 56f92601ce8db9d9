"""Benchmark: reading a CTDC dataset of 300,000 rows as published (docs/performance.md, "CTDC import").

Writes a file shaped like CTDC's published global dataset (a terms-of-use
sentence in the header cell, `;` separators, multi-valued cells, rows
without a year, one-hot exploitation flags) with a fixed seed, then times
`torju.international.ctdc_import.read_ctdc` on it, the parse and every count
the import keeps. No database: the import keeps only the counts.

    .venv/bin/python bench/ctdc_import_benchmark.py [--rows 300000] [--repeat 3]
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from torju.international.ctdc_import import read_ctdc

COUNTRIES = ["UA", "PH", "US", "ID", "MD", "KH", "BY", "RO", "NG", "GH", "FI", "TH", "NP", "VN", "", "UA|RU"]
AGES = ["0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", ""]
HEADER = (
    '"This dataset is made available under the CTDC terms of use; by downloading it you accept them. '
    'yearOfRegistration";Datasource;gender;ageBroad;majorityStatus;citizenship;CountryOfExploitation;'
    "isForcedLabour;isSexualExploit;isOtherExploit;isSexAndLabour;isForcedMarriage;isOrganRemoval"
)


def write(path: Path, rows: int, seed: int = 14) -> None:
    rng = random.Random(seed)
    lines = [HEADER]
    for _ in range(rows):
        year = "" if rng.random() < 0.03 else str(rng.randint(2002, 2023))
        labour = rng.random() < 0.4
        sexual = not labour and rng.random() < 0.7
        lines.append(
            ";".join(
                [
                    year,
                    "Case Management",
                    rng.choice(["Female", "Male", "Female", ""]),
                    rng.choice(AGES),
                    rng.choice(["Minor", "Adult", "Adult", ""]),
                    rng.choice(COUNTRIES),
                    rng.choice(COUNTRIES),
                    str(int(labour)),
                    str(int(sexual)),
                    str(int(not labour and not sexual)),
                    "0",
                    str(int(rng.random() < 0.02)),
                    "0",
                ]
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--file", type=Path, default=Path("/tmp/torju-ctdc-benchmark.csv"))
    options = parser.parse_args()
    write(options.file, options.rows)
    data = options.file.read_bytes()
    print(f"{options.rows} rows, {len(data) / 2**20:.1f} MB")
    for attempt in range(1, options.repeat + 1):
        started = time.perf_counter()
        reading = read_ctdc(data, current_year=2026)
        elapsed = time.perf_counter() - started
        print(
            f"run {attempt}: {elapsed:.2f} s; read {reading.rows_read}, kept {reading.rows_kept}, "
            f"skipped {reading.skipped}, notes {reading.notes}"
        )


if __name__ == "__main__":
    main()
