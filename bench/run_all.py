"""Run every benchmark; each writes its results to bench/results/<name>.txt (`make bench`)."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["photos_bench.py", "odoo_postings_bench.py", "scale_bench.py"]

if __name__ == "__main__":
    failed = [name for name in BENCHES if subprocess.call([sys.executable, str(HERE / name)]) != 0]
    sys.exit(1 if failed else 0)
