"""Streaming parser of TensorRT verbose build logs (being written)."""
