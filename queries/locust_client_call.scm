; Requests in Locust task code, as written in commented-out lines:
;   self.client.post(url, ...)     self.user.client.get(url)
;   client.request("PATCH", url)   self.client.rest("GET", url)
(call
  function: (attribute
    object: [
      (identifier) @_client
      (attribute attribute: (identifier) @_client)
    ]
    attribute: (identifier) @verb)
  (#eq? @_client "client")
  (#match? @verb "^(get|post|put|patch|delete|head|options|request|rest)$")) @call
