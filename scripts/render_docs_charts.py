"""Write the README's example charts (docs/charts/*.png) from the real benchmark.

Rerun after editing knowledge/benchmark.yml so the pictures show the figures Payband quotes;
the output is deterministic, so an unchanged benchmark leaves the files byte-for-byte alike.

    .venv/bin/python scripts/render_docs_charts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # knowledge/ and channels/ when run as a script

from channels.render.charts import render_png  # noqa: E402
from knowledge.charts import bands_chart, employers_chart  # noqa: E402
from knowledge.loader import load_benchmark  # noqa: E402

OUT = ROOT / "docs" / "charts"
EXAMPLE_FIGURE = 76_000  # an example offer, drawn as the user's marker


def main() -> None:
    bm = load_benchmark()
    OUT.mkdir(parents=True, exist_ok=True)
    charts = {
        "bands.png": bands_chart(bm, marker_amount=EXAMPLE_FIGURE),
        "employers.png": employers_chart(bm),
    }
    for name, part in charts.items():
        path = OUT / name
        path.write_bytes(render_png(part.to_json()["chart"]))
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
