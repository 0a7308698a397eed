// Swagger UI on the document the gateway generates from its REST DSL (camel.rest.api-context-path)
window.ui = SwaggerUIBundle({ url: "../openapi.json", dom_id: "#api" });
