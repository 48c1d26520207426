package io.vertalived.ipvs.reconcile;

import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.ServiceKey;

/** One change to the kernel's table, as IPVS's generic netlink commands make them (NEW/SET/DEL of services and dests). */
public sealed interface LvsOperation {
  ServiceKey key();

  record AddService(LvsService service) implements LvsOperation {
    @Override
    public ServiceKey key() {
      return service.key();
    }

    @Override
    public String toString() {
      return "add service " + service.key() + " " + service.scheduler();
    }
  }

  record EditService(LvsService service, LvsService was) implements LvsOperation {
    @Override
    public ServiceKey key() {
      return service.key();
    }

    @Override
    public String toString() {
      return "edit service " + service.key() + " " + service.scheduler();
    }
  }

  record DeleteService(ServiceKey key) implements LvsOperation {
    @Override
    public String toString() {
      return "delete service " + key;
    }
  }

  record AddDestination(ServiceKey key, LvsDestination destination) implements LvsOperation {
    @Override
    public String toString() {
      return "add " + destination.endpoint() + " to " + key + " weight " + destination.weight();
    }
  }

  record EditDestination(ServiceKey key, LvsDestination destination, LvsDestination was) implements LvsOperation {
    @Override
    public String toString() {
      return "edit " + destination.endpoint() + " of " + key
          + (was.weight() != destination.weight() ? " weight " + was.weight() + " -> " + destination.weight() : "")
          + (java.util.Objects.equals(was.tunnel(), destination.tunnel()) ? ""
              : " tunnel " + was.tunnel() + " -> " + destination.tunnel());
    }
  }

  record DeleteDestination(ServiceKey key, LvsDestination destination) implements LvsOperation {
    @Override
    public String toString() {
      return "delete " + destination.endpoint() + " from " + key;
    }
  }
}
