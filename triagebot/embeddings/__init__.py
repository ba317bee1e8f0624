"""Local sentence embeddings: the model, its thread budget, and the vector cache."""
