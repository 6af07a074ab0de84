"""Retrieval: sentence embeddings (`embedder`, cached on disk by `cache`), faiss indexes
(`index`, stored by `index_files`) and the candidate pairs worth judging (`candidates`)."""
