"""phaseone: the 2020 US-China Phase One purchase commitments, rebuilt from official statistics."""

__version__ = "0.1.0"
