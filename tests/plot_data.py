"""Fixture data for the plot widget tests and snapshots.

The numbers are made up for testing the drawing; they are not evidence about any treatment.
"""

from __future__ import annotations

from backtui.ui.geometry import ForestAxis, ForestRow

TWELVE_ROWS: tuple[ForestRow, ...] = (
    ForestRow("Acupuncture", -8.2, -12.1, -4.3, "−8.2 (−12.1 to −4.3)", pooled=True),
    ForestRow("Dry needling", -5.6, -11.0, -0.2, "−5.6 (−11.0 to −0.2)"),
    ForestRow("Exercise therapy", -7.5, -12.2, -2.8, "−7.5 (−12.2 to −2.8)"),
    ForestRow("Spinal manipulation", -3.0, -6.1, 0.1, "−3.0 (−6.1 to 0.1)"),
    ForestRow("Massage", -4.0, -9.5, 1.5, "−4.0 (−9.5 to 1.5)"),
    ForestRow("Yoga", -6.0, -10.4, -1.6, "−6.0 (−10.4 to −1.6)"),
    ForestRow("Cognitive functional therapy", -13.0, -19.0, -7.0, "−13.0 (−19.0 to −7.0)"),
    ForestRow("Usual care: NSAIDs", -3.3, -5.9, -0.7, "−3.3 (−5.9 to −0.7)"),
    ForestRow("Usual care: paracetamol", 0.5, -1.5, 2.5, "0.5 (−1.5 to 2.5)"),
    ForestRow("TENS", -2.0, -14.0, 10.0, "−2.0 (−14.0 to 10.0)"),
    ForestRow("Heat wrap", -17.0, -50.0, 16.0, "−17.0 (−50.0 to 16.0)"),
    ForestRow("Advice to stay active", None, None, None, "given in words only"),
)

PAIN_AXIS = ForestAxis(
    measure="Mean difference (MD) in pain",
    units="points on a 0–100 scale",
    better="lower",
    mid=10,
    low=-30,
    high=15,
    treatment="treatment",
    comparator="usual care",
)
