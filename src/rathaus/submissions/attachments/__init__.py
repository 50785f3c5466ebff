"""Files citizens upload with an application: limits, content checks, virus scan, sealed storage."""
