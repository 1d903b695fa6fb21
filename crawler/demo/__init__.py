"""The bundled Korean demo news site (데모뉴스): package data, an HTTP server on 127.0.0.1 and its ground truth."""

from crawler.demo.server import DemoSite, RequestRecord, serve
from crawler.demo.truth import GroundTruth, ground_truth

__all__ = ["DemoSite", "GroundTruth", "RequestRecord", "ground_truth", "serve"]
