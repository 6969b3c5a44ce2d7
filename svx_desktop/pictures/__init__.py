"""Pictures of a map: SVG, PNG, PDF and print, all drawn from one ``canvas.drawing.Drawing``.

``svg`` writes SVG text from a drawing (no Qt calls); ``paint`` draws a drawing with a
``QPainter``; ``render`` writes PNG/PDF files atomically and prints; ``headless`` builds an
offscreen scene from a loaded map for ``svx export``.
"""
