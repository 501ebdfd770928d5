# syntax=docker/dockerfile:1
# SPDX-License-Identifier: Apache-2.0
# The gateway's image (the last stage, the default) and the KRR + Maskinporten simulator's (stage simulator, its own
# jar: the gateway's image holds no simulator).
# Build: docker build -t krr-gateway .  (the simulator: --target simulator)   Run: see docker-compose.yml and
# docs/operations.md.

# --- build: the Maven wrapper, dependencies cached in their own layer, then the layered jar extracted ---
FROM eclipse-temurin:17.0.20.1_1-jdk-jammy AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
COPY routes/ routes/
COPY config/ config/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/krr-gateway-*.jar extract --layers --launcher --destination extracted

# --- run: a JRE and a non-root user, for both images ---
# OpenShift runs the container under an arbitrary UID that belongs to group 0 (root's group, no root rights): the
# paths the gateway writes are owned by group 0 and group-writable like their owner (g=u), so any UID of the group can
# write them. /tmp is writable by all (a Kubernetes pod with readOnlyRootFilesystem mounts an emptyDir there).
FROM eclipse-temurin:17.0.20.1_1-jre-jammy AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --gid 0 --home-dir /app --shell /usr/sbin/nologin gateway \
 && mkdir -p /app/data /app/keys \
 && chown -R 10001:0 /app/data /app/keys \
 && chmod -R g=u /app/data /app/keys
WORKDIR /app
# Numeric, so that a runtime enforcing runAsNonRoot can verify it without reading /etc/passwd.
USER 10001
# The JVM sizes itself from the container's memory limit; a gateway that runs out of memory exits to be restarted.
# G1 is pinned: with fewer than 2 CPUs or less than 1792 MB of memory (2 GB less 256 MB: HotSpot's "server class
# machine" rule, os::is_server_class_machine) the JVM picks SerialGC, so the pods' 1 GiB limit got it. Its full
# collections stop every thread for the whole old generation (consumers, API requests, heartbeats), and the heap, RSS
# and latency in BENCHMARKS.md, from which deploy/kubernetes sizes the pods, were measured with G1.
ENV JAVA_TOOL_OPTIONS="-XX:+UseG1GC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

# --- the simulator (docker compose's simulator service: build target simulator) ---
FROM runtime AS simulator
COPY --from=build /build/target/simulator/krr-gateway-*-simulator.jar simulator.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "simulator.jar"]

# --- the gateway: the jar's layers from least to most often changed ---
FROM runtime
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# 8080: the main port; 8081: the actuator, bound to 127.0.0.1 unless MANAGEMENT_SERVER_ADDRESS says otherwise
# (docs/operations.md, "Security"). The probes are also on 8080 as /livez and /readyz, so the health check works
# whatever the management address.
EXPOSE 8080 8081
VOLUME ["/app/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/readyz || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
