"""Model: plain typed data shared by every layer (facts, architecture, settings); stdlib only."""
