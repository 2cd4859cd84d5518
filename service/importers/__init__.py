"""Importers of public datasets: each reads one source's snapshot and writes the graph file that graph_data/ ships."""
