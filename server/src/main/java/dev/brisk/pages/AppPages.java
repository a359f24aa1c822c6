package dev.brisk.pages;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the shell of the app pages for every route the browser may open or bookmark; the page's
 * modules read the route from the URL and load their data from the API with the caller's token.
 */
@Controller
class AppPages {

    @GetMapping({
        "/customers",
        "/customers/{id}",
        "/products",
        "/products/{id}",
        "/orders",
        "/orders/{id}",
        "/invoices",
        "/invoices/{id}",
        "/users",
        "/users/{id}"
    })
    String page() {
        return "forward:/app.html";
    }
}
