"""edXML, the national axis client and the local axis server (the Exchange issue builds it)."""

__all__: list[str] = []
