package dev.brisk.monitoring;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Serves the live page at {@code /monitoring}; its data needs an ADMIN token, the page itself does not. */
@Controller
class MonitoringPage {

    @GetMapping("/monitoring")
    String page() {
        return "forward:/monitoring.html";
    }
}
