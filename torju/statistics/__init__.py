"""Annual statistics, disclosure control and review documents."""
