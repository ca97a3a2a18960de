"""`python -m knowledge.check`: validate the benchmark file before a server starts.

Prints one line naming the bad field and exits 1, so a broken file never
reaches a running assistant.
"""

import sys

from knowledge.loader import BenchmarkError, load_benchmark


def main() -> int:
    try:
        bm = load_benchmark()
    except BenchmarkError as error:
        print(f"Payband will not start: {error}", file=sys.stderr)
        return 1
    print(f"benchmark ok: {len(bm.bands)} bands, {len(bm.employers)} employer groups, {len(bm.tips)} tips")
    return 0


if __name__ == "__main__":
    sys.exit(main())
