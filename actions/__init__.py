"""Rasa SDK actions: thin adapters between the dialogue and the knowledge layer."""
