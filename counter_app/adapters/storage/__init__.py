"""adapters/storage package."""
