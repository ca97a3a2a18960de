"""What the user sees when one message was split into several questions (channels/incoming.py).

Each part is a turn of its own, so Rasa answers each. Two answers would only confuse:
a later part that Payband could not read ("... seems low?? am i being mugged off?") adding
"Sorry, I didn't catch that" after the first part was answered, and a later part that
restates the first getting the same answer again. Both channels keep a PartFilter per
incoming message and drop those two; a dropped reply still counts as the turn's answer,
so the guard (channels/guard.py) does not apologise for it.
"""

from __future__ import annotations

from typing import Optional, Set

NOT_UNDERSTOOD = "utter_default"  # domain.yml's "Sorry, I didn't catch that" (Rasa's fallback response)


RECALL_OPENING = "For your "  # actions/recall.py's opening line: the same answer with it is the same answer


def _without_recall(text: str) -> str:
    """A later part answered from the facts the first part gave opens with 'For your ... offer (...):';
    the answer after it is what repeats."""
    first, _, rest = text.partition("\n")
    return rest if first.startswith(RECALL_OPENING) and first.endswith(":") else text


class PartFilter:
    """Decides, for one incoming message, which of its parts' replies are shown."""

    def __init__(self) -> None:
        self.part = 0  # index of the part being answered
        self.answered = 0  # replies produced, shown or not: what the guard counts
        self._shown: Set[str] = set()

    def next_part(self) -> None:
        self.part += 1

    def keep(self, text: Optional[str], response: Optional[str]) -> bool:
        """Count the reply; False if it is a later part's 'didn't catch that' or repeats one already shown."""
        self.answered += 1
        if self.part > 0 and response == NOT_UNDERSTOOD:
            return False
        key = " ".join(_without_recall(text or "").split())
        if key and key in self._shown:
            return False
        self._shown.add(key)
        return True
