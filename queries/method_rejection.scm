; Ways a function view turns away the methods it does not serve:
;   return HttpResponseNotAllowed(["POST"])
;   return JsonResponse({...}, status=405)
[
  (call
    function: [
      (identifier) @callee
      (attribute attribute: (identifier) @callee)
    ]
    (#match? @callee "^HttpResponseNotAllowed$"))
  (keyword_argument
    name: (identifier) @_status (#eq? @_status "status")
    value: (integer) @code (#eq? @code "405"))
] @rejection
