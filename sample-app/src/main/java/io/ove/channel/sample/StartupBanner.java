package io.ove.channel.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells a new user, once the application is ready, where to look. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final Environment environment;

    StartupBanner(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        log.info("""

                ove-channel sample is running:
                  dashboard            {}/
                  channels (JSON)      {}/actuator/channels
                  Prometheus scrape    {}/actuator/prometheus
                  health               {}/actuator/health
                  send an order        curl -i -X POST {}/orders -H 'Content-Type: application/json' \
                -d '{"customer":"ada","item":"keyboard","quantity":1}'
                  change the load      curl -X POST '{}/load?rate=2000'
                """, base, base, base, base, base, base);
    }
}
