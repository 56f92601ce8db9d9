"""Action plans, measures, reporting rounds, status reports and meetings."""
