"""ER diagrams of a schema, laid out by Graphviz."""
