; Comparisons against the request's HTTP method inside a function view:
;   if request.method == "POST":      if request.method in ("PUT", "PATCH"):
;   if request.method != "POST":      if self.request.method == "GET":
(comparison_operator
  (attribute
    attribute: (identifier) @_attr (#eq? @_attr "method"))) @comparison
