"""What runs inside the Rasa server besides Rasa: the tracker store and the one module of
work-arounds of Rasa internals (rasa_workarounds.py)."""
