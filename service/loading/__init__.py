"""Getting data in: read the files, infer, validate, and give the query layer a Dataset."""
