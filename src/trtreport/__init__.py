"""trtreport: turn a TensorRT verbose build log into one self-contained HTML report."""

__version__ = "0.1.0"
