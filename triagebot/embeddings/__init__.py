"""Local sentence embeddings: the model (torch or OpenVINO) and its thread budget."""
