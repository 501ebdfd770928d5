// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Serves the simulated Maskinporten's token, metadata and key-set endpoints. */
@Profile("simulator")
@RestController
@RequestMapping("/maskinporten")
public record MaskinportenSimulatorController(GrantVerifier verifier, AccessTokenIssuer issuer, SimulatorKeys keys,
                                              SimulatorStats stats, SimulatorFaults faults,
                                              SimulatorProperties properties) {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Logger log = LoggerFactory.getLogger(MaskinportenSimulatorController.class);

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> token(
            @RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(required = false) String assertion, HttpServletRequest request) {
        stats.tokenRequest();
        String issuerUrl = issuer(request);
        Optional<FaultPlan.Fault> fault = faults.nextTokenFault();
        if (fault.isPresent()) {
            int status = fault.get().status();
            String error = status == 503 ? "temporarily_unavailable"
                    : status >= 500 ? "server_error" : "invalid_request";
            return error(status, error, "Simulated fault", issuerUrl, null);
        }
        if (!JWT_BEARER.equals(grantType)) {
            return error(400, "unsupported_grant_type", "Invalid grant_type", issuerUrl, "MP-011");
        }
        try {
            VerifiedGrant grant = verifier.verify(assertion, issuerUrl);
            if (faults.refusesGrant(grant.consumerOrg())) {
                stats.injectedTokenError();
                // As Maskinporten answers a supplier whose customer has not delegated (or withdrew) the scope.
                return error(403, "invalid_scope", "Consumer " + grant.consumerOrg() + " has not delegated the "
                        + "scope to the supplier in Altinn (simulated refusal)", issuerUrl, "MP-251");
            }
            faults.holdGrant(grant.consumerOrg());
            if (faults.failsGrant(grant.consumerOrg())) {
                stats.injectedTokenError();
                return error(503, "temporarily_unavailable", "Simulated fault for this consumer", issuerUrl, null);
            }
            AccessTokenIssuer.IssuedToken token = issuer.issue(grant, issuerUrl);
            stats.tokenIssued();
            log.debug("Issued a simulated access token to client {} for scope {}", grant.clientId(), token.scope());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", token.accessToken());
            body.put("token_type", "Bearer");
            body.put("expires_in", token.expiresIn());
            body.put("scope", token.scope());
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
        } catch (GrantRejectedException e) {
            log.debug("Refused a grant: {} {}", e.code(), e.getMessage());
            return error(400, e.error(), e.getMessage(), issuerUrl, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "temporarily_unavailable", "Simulator stopping", issuerUrl, null);
        }
    }

    @GetMapping("/.well-known/oauth-authorization-server")
    public Map<String, Object> metadata(HttpServletRequest request) {
        String issuerUrl = issuer(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authorization_details_types_supported", List.of("urn:altinn:systemuser", "urn:altinn:consent"));
        body.put("grant_types_supported", List.of(JWT_BEARER));
        body.put("issuer", issuerUrl);
        body.put("jwks_uri", issuerUrl + "jwk");
        body.put("token_endpoint", issuerUrl + "token");
        body.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        body.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "RS384", "RS512"));
        return body;
    }

    @GetMapping("/jwk")
    public Map<String, Object> jwk() {
        return keys.publicJwkSet();
    }

    /** The configured issuer, else {@code {scheme}://{host}:{port}/maskinporten/} from the request. */
    private String issuer(HttpServletRequest request) {
        return Optional.ofNullable(properties.maskinporten().issuer()).filter(s -> !s.isBlank()).orElseGet(() -> request.getScheme() + "://" + request.getServerName() + ":"
                + request.getServerPort() + request.getContextPath() + "/maskinporten/");
    }

    private ResponseEntity<Map<String, Object>> error(int status, String error, String description,
                                                      String issuerUrl, String code) {
        stats.tokenError();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        if (code != null) {
            body.put("error_uri", issuerUrl + "errors/" + code);
        }
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
    }
}
