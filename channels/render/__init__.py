"""Per-channel renderers of knowledge/reply.py replies: plain text (terminal, REST), Slack Block Kit, chart images."""
