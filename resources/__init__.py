"""Runtime assets shipped inside the wheel: templates, examples, icons, the JSON Schema."""
