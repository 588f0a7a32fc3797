#pragma once
// AmazonSession: the Amazon connection of one seller and region, wired from its settings: the
// libcurl transport, the system clock, the shared rate limiter, Login with Amazon and the typed
// SP-API (adapters/amazon). Its parts live as long as the session.
// Thread safety: Api() may be called from many threads.

#include <memory>

#include "app/amazon_settings.h"
#include "ports/amazon_api.h"
#include "ports/clock.h"
#include "ports/http.h"

namespace fbaflow::app {

class AmazonSession {
 public:
  explicit AmazonSession(const AmazonSettings& settings);
  ~AmazonSession();
  AmazonSession(const AmazonSession&) = delete;
  AmazonSession& operator=(const AmazonSession&) = delete;

  amazon::AmazonApi& Api();
  Clock& GetClock();
  Http& GetHttp();  // the transport, for other adapters of the same run (the ERP)

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace fbaflow::app
