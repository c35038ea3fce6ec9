"""Detectors behind the ``spin`` check kind (spun and paraphrased text)."""
