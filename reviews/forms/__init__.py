"""Forms, one module per area: ``reviews`` (writing reviews), ``queue`` (nominations), ``papers``
(adding a paper from metadata), ``imports`` (README upload in the admin)."""
