package dev.entitlements.gateway;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The route table, read once from routes.txt, for the proxy ({@link Gateway}) and the metrics ({@link Traffic}). */
@Singleton
class RouteTableProducer {

    @Produces
    @Singleton
    RouteTable routeTable() {
        return RouteTable.load();
    }
}
