// Renders the live OpenAPI document with the locally served Swagger UI.
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi/v1.json", dom_id: "#swagger-ui" });
});
