"""`make intelligence-report`: every figure of the advisory models, reproducible from the shipped data and
fixed seeds, written as Markdown with PNG charts (REPORT.md beside the app)."""
