"""Output formats: each takes the results of a run and a stream."""
