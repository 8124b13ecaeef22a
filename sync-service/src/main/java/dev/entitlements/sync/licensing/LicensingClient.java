package dev.entitlements.sync.licensing;

import dev.entitlements.contract.events.PurchaseRecord;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The external licensing system's purchase list of one licensing account (the pull path). */
@RegisterRestClient(configKey = "licensing")
@Path("/accounts")
public interface LicensingClient {

    @GET
    @Path("/{entitlementId}/purchases")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<List<PurchaseRecord>> purchases(@PathParam("entitlementId") String entitlementId);
}
