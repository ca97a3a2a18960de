"""The one apology every channel gives when a turn fails (kept free of Rasa imports so the
terminal client can show it without loading Rasa)."""

APOLOGY = "Sorry, something went wrong on my side and I couldn't answer that. Please try again in a moment."
