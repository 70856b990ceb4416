"""Province-scale benchmarks: `python -m benchmarks` (see the README's "Performance").

Each benchmark runs against a PostgreSQL database of its own, created and filled by
`benchmarks.generate`; the user's database is never touched.
"""
