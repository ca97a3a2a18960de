"""Channel layer: custom Rasa connectors and per-channel reply formatting."""
