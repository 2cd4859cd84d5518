"""What the graph knows about frameworks: the catalog, similarity, figures, paths and the questions (ask/)."""
