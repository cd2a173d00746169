// The API reference page: Swagger UI (loaded from its own embedded bundle) over
// /api/openapi.yaml.
document.addEventListener("DOMContentLoaded", () => {
  window.SwaggerUIBundle({ url: "/api/openapi.yaml", dom_id: "#api", deepLinking: true });
});
