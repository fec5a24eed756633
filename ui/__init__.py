"""The PySide6 window (the desktop issue builds it). Qt lives here and nowhere else."""

__all__: list[str] = []
