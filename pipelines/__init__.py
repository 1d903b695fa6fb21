"""Item pipelines, in `ITEM_PIPELINES` order: clean → validate → dedupe → store."""
