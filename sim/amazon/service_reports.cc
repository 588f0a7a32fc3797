// Reports 2021-06-30, Feeds 2021-06-30, and the document URLs both hand out (served on the
// emulator's own host the way S3 serves Amazon's presigned URLs).
#include <fmt/format.h>

#include <algorithm>

#include "sim/amazon/iso_time.h"
#include "sim/amazon/service.h"

namespace fbaflow::sim {
namespace {

constexpr SimMillis kRetention = 90 * kDay;
constexpr SimMillis kUrlLifetime = 5 * kMinute;
const std::set<std::string> kProcessingStatuses = {"CANCELLED", "DONE", "FATAL", "IN_PROGRESS",
                                                   "IN_QUEUE"};

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    const auto ch = static_cast<unsigned char>(c);
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string S3Error(const std::string& code, const std::string& message,
                    const std::string& request_id) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>"
      "<RequestId>{}</RequestId></Error>",
      code, message, request_id);
}

std::vector<std::string> StringList(const json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const json& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// The listing parameters of getReports/getFeeds (`types_key` is reportTypes or feedTypes).
struct ListQuery {
  std::set<std::string> types, statuses, marketplaces;
  size_t page_size = 10;
  SimMillis since = 0, until = 0;
};

std::optional<ApiResponse> ParseListQuery(const httplib::Request& req, const std::string& types_key,
                                          SimMillis now, ListQuery* q) {
  const std::vector<std::string> types = QueryList(req, types_key);
  if (types.empty())
    return InvalidInput(fmt::format("Either {} or nextToken is required.", types_key));
  if (types.size() > 10) return InvalidInput(fmt::format("{} accepts 1 to 10 values.", types_key));
  q->types.insert(types.begin(), types.end());
  for (const std::string& s : QueryList(req, "processingStatuses")) {
    if (!kProcessingStatuses.count(s))
      return InvalidInput(fmt::format("Invalid processingStatuses value '{}'.", s));
    q->statuses.insert(s);
  }
  const std::vector<std::string> marketplaces = QueryList(req, "marketplaceIds");
  if (marketplaces.size() > 10) return InvalidInput("marketplaceIds accepts at most 10 values.");
  q->marketplaces.insert(marketplaces.begin(), marketplaces.end());
  const std::string size = QueryValue(req, "pageSize");
  if (!size.empty()) {
    int n = 0;
    try {
      n = std::stoi(size);
    } catch (const std::exception&) {
      n = 0;
    }
    if (n < 1 || n > 100) return InvalidInput("pageSize must be between 1 and 100.");
    q->page_size = static_cast<size_t>(n);
  }
  // createdSince defaults to, and is held within, the 90 days Amazon keeps reports.
  q->since = now - kRetention;
  q->until = now;
  for (const char* key : {"createdSince", "createdUntil"}) {
    const std::string text = QueryValue(req, key);
    if (text.empty()) continue;
    Result<SimMillis> t = ParseIso(text);
    if (!t.Ok()) return InvalidInput(fmt::format("{}: {}", key, t.GetStatus().Message()));
    (std::string_view(key) == "createdSince" ? q->since : q->until) = *t;
  }
  q->since = std::max(q->since, now - kRetention);
  if (q->until < q->since) return InvalidInput("createdUntil must be after createdSince.");
  return std::nullopt;
}

// Amazon refuses other parameters next to nextToken and names them in `details`.
std::optional<ApiResponse> OnlyNextToken(const httplib::Request& req,
                                         const std::string& types_key) {
  std::string details;
  for (const std::string& key :
       {std::string("createdUntil"), std::string("createdSince"), std::string("pageSize"),
        std::string("marketplaceIds"), std::string("processingStatuses"), types_key}) {
    if (req.has_param(key)) details += key + ";";
  }
  if (details.empty()) return std::nullopt;
  return InvalidInput("NextToken cannot be specified with other input parameters", details);
}

}  // namespace

std::string AmazonSim::Service::SignedUrl(const std::string& kind, const std::string& id,
                                          SimMillis now, bool gzip_encoding) {
  const SimMillis expires = now + kUrlLifetime;
  // The seller index travels in the URL because documents live in each seller's world.
  std::string query =
      fmt::format("k={}&expires={}{}", kind, expires, gzip_encoding ? "&ce=gzip" : "");
  const uint64_t sig = Fnv1a(signing_secret_ + "|" + id + "|" + query);
  return fmt::format("{}/{}/{}?{}&sig={:016x}", BaseUrl(), kind == "upload" ? "_uploads" : "_docs",
                     id, query, sig);
}

ApiResponse AmazonSim::Service::CreateReport(Call& c) {
  json body;
  if (auto err = ParseBody(c.req, &body)) return *err;
  ReportRequest r;
  r.report_type = body.value("reportType", "");
  if (r.report_type.empty()) return InvalidInput("reportType is required.");
  r.marketplace_ids = StringList(body.value("marketplaceIds", json()));
  if (r.marketplace_ids.empty()) return InvalidInput("marketplaceIds is required.");
  if (body.contains("reportOptions")) {
    if (!body["reportOptions"].is_object())
      return InvalidInput("reportOptions must be an object of strings.");
    for (const auto& [k, v] : body["reportOptions"].items()) {
      if (!v.is_string()) return InvalidInput("reportOptions must be an object of strings.");
      r.options[k] = v.get<std::string>();
    }
  }
  for (const char* key : {"dataStartTime", "dataEndTime"}) {
    if (!body.contains(key)) continue;
    Result<SimMillis> t = ParseIso(body[key].is_string() ? body[key].get<std::string>() : "");
    if (!t.Ok()) return InvalidInput(fmt::format("{}: {}", key, t.GetStatus().Message()));
    (std::string_view(key) == "dataStartTime" ? r.data_start : r.data_end) = *t;
  }
  Result<std::string> id = c.world->CreateReport(r);
  if (!id.Ok()) return InvalidInput(id.GetStatus().Message());
  return JsonResponse(202, json{{"reportId", *id}});
}

ApiResponse AmazonSim::Service::GetReports(Call& c) {
  const World& w = *c.world;
  std::string next;
  std::vector<std::string> page;
  const std::string token_text = QueryValue(c.req, "nextToken");
  if (!token_text.empty()) {
    if (auto err = OnlyNextToken(c.req, "reportTypes")) return *err;
    if (auto err = ContinuePage(c, token_text, "nextToken", &page, &next)) return *err;
  } else {
    ListQuery q;
    if (auto err = ParseListQuery(c.req, "reportTypes", c.now, &q)) return *err;
    std::vector<const Report*> found;
    for (const Report& r : w.Reports()) {
      if (!q.types.count(r.report_type) || r.created < q.since || r.created > q.until) continue;
      if (!q.statuses.empty() && !q.statuses.count(std::string(ProcessingStatusName(r.status))))
        continue;
      if (!q.marketplaces.empty() &&
          std::none_of(r.marketplace_ids.begin(), r.marketplace_ids.end(),
                       [&](const std::string& m) { return q.marketplaces.count(m) > 0; })) {
        continue;
      }
      found.push_back(&r);
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Report* a, const Report* b) { return a->created > b->created; });
    auto ids = std::make_shared<std::vector<std::string>>();
    for (const Report* r : found) ids->push_back(r->report_id);
    PageToken token;
    token.operation = c.op.operation_id;
    token.seller = c.seller;
    token.ids = std::move(ids);
    token.page_size = q.page_size;
    page = FirstPage(std::move(token), kHour, &next);
  }
  json reports = json::array();
  for (const std::string& id : page) {
    if (const Report* r = w.FindReport(id)) reports.push_back(ReportJson(*r));
  }
  json body = {{"reports", std::move(reports)}};
  if (!next.empty()) body["nextToken"] = next;
  return JsonResponse(200, body);
}

ApiResponse AmazonSim::Service::GetReport(Call& c) {
  const Report* r = c.world->FindReport(c.Path(1));
  if (r == nullptr || r->created < c.now - kRetention) {
    return ErrorResponse(404, "NotFound", fmt::format("Report {} was not found.", c.Path(1)));
  }
  return JsonResponse(200, ReportJson(*r));
}

ApiResponse AmazonSim::Service::CancelReport(Call& c) {
  const Status s = c.world->CancelReport(c.Path(1));
  if (s.Code() == StatusCode::kNotFound) return ErrorResponse(404, "NotFound", s.Message());
  if (!s.Ok()) return InvalidInput(s.Message());
  ApiResponse r;
  r.status = 200;
  return r;
}

ApiResponse AmazonSim::Service::GetReportDocument(Call& c) {
  const std::string id = c.Path(1);
  const Document* doc = c.world->FindDocument(id);
  if (doc == nullptr || doc->created < c.now - kRetention) {
    return ErrorResponse(404, "NotFound", fmt::format("Report document {} was not found.", id));
  }
  const bool encoding_header = QueryValue(c.req, "enableContentEncodingUrlHeader") == "true";
  json body = {{"reportDocumentId", doc->id},
               {"url", SignedUrl("doc", doc->id, c.now, encoding_header && doc->gzip) +
                           fmt::format("&s={}", c.seller)}};
  if (doc->gzip) body["compressionAlgorithm"] = "GZIP";
  return JsonResponse(200, body);
}

void AmazonSim::Service::HandleDownload(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mu_);
  const SimMillis now = clock_->Now();
  Advance(now);
  const std::string request_id = id_rng_.UpperAlnum(16);
  ++stats_["documentDownload"].requests;
  res.set_header("x-amz-request-id", request_id);
  const std::string id = req.matches[1].str();
  const std::string kind = QueryValue(req, "k");
  const std::string query = fmt::format("k={}&expires={}{}", kind, QueryValue(req, "expires"),
                                        QueryValue(req, "ce") == "gzip" ? "&ce=gzip" : "");
  auto fail = [&](int status, const std::string& code, const std::string& message) {
    ++stats_["documentDownload"].client_errors;
    res.status = status;
    res.set_content(S3Error(code, message, request_id), "application/xml");
  };
  if (fmt::format("{:016x}", Fnv1a(signing_secret_ + "|" + id + "|" + query)) !=
      QueryValue(req, "sig")) {
    return fail(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.");
  }
  int64_t expires = 0;
  try {
    expires = std::stoll(QueryValue(req, "expires"));
  } catch (const std::exception&) {
    expires = 0;
  }
  if (now > expires) return fail(403, "AccessDenied", "Request has expired");
  int seller = -1;
  try {
    seller = std::stoi(QueryValue(req, "s"));
  } catch (const std::exception&) {
    seller = -1;
  }
  if (seller < 0 || seller >= static_cast<int>(sellers_.size()))
    return fail(404, "NoSuchKey", "The specified key does not exist.");
  const World& w = *sellers_[static_cast<size_t>(seller)].world;
  if (kind == "upload-read") {
    const FeedUpload* u = w.FindUpload(id);
    if (u == nullptr || !u->uploaded)
      return fail(404, "NoSuchKey", "The specified key does not exist.");
    ++stats_["documentDownload"].ok;
    return res.set_content(u->bytes, u->content_type);
  }
  const Document* doc = w.FindDocument(id);
  if (doc == nullptr) return fail(404, "NoSuchKey", "The specified key does not exist.");
  ++stats_["documentDownload"].ok;
  if (QueryValue(req, "ce") == "gzip" && doc->gzip) res.set_header("Content-Encoding", "gzip");
  res.set_content(doc->bytes, doc->content_type);
}

void AmazonSim::Service::HandleUpload(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mu_);
  const SimMillis now = clock_->Now();
  Advance(now);
  const std::string request_id = id_rng_.UpperAlnum(16);
  ++stats_["documentUpload"].requests;
  res.set_header("x-amz-request-id", request_id);
  const std::string id = req.matches[1].str();
  const std::string query = fmt::format("k=upload&expires={}", QueryValue(req, "expires"));
  auto fail = [&](int status, const std::string& code, const std::string& message) {
    ++stats_["documentUpload"].client_errors;
    res.status = status;
    res.set_content(S3Error(code, message, request_id), "application/xml");
  };
  if (QueryValue(req, "k") != "upload" ||
      fmt::format("{:016x}", Fnv1a(signing_secret_ + "|" + id + "|" + query)) !=
          QueryValue(req, "sig")) {
    return fail(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.");
  }
  int64_t expires = 0;
  int seller = -1;
  try {
    expires = std::stoll(QueryValue(req, "expires"));
    seller = std::stoi(QueryValue(req, "s"));
  } catch (const std::exception&) {
    return fail(400, "InvalidArgument", "Malformed upload URL.");
  }
  if (now > expires) return fail(403, "AccessDenied", "Request has expired");
  if (seller < 0 || seller >= static_cast<int>(sellers_.size()))
    return fail(404, "NoSuchKey", "The specified key does not exist.");
  const Status s = sellers_[static_cast<size_t>(seller)].world->Upload(
      id, req.get_header_value("Content-Type"), req.body);
  if (s.Code() == StatusCode::kNotFound)
    return fail(404, "NoSuchKey", "The specified key does not exist.");
  if (!s.Ok()) return fail(403, "SignatureDoesNotMatch", s.Message());
  ++stats_["documentUpload"].ok;
  res.set_header("ETag", fmt::format("\"{:016x}\"", Fnv1a(req.body)));
  res.status = 200;
}

ApiResponse AmazonSim::Service::CreateFeedDocument(Call& c) {
  json body;
  if (auto err = ParseBody(c.req, &body)) return *err;
  const std::string content_type = body.value("contentType", "");
  if (content_type.empty()) return InvalidInput("contentType is required.");
  const std::string id = c.world->CreateFeedUpload(content_type);
  return JsonResponse(
      201, json{{"feedDocumentId", id},
                {"url", SignedUrl("upload", id, c.now, false) + fmt::format("&s={}", c.seller)}});
}

ApiResponse AmazonSim::Service::CreateFeed(Call& c) {
  json body;
  if (auto err = ParseBody(c.req, &body)) return *err;
  const std::string type = body.value("feedType", "");
  const std::string input = body.value("inputFeedDocumentId", "");
  std::vector<std::string> marketplaces = StringList(body.value("marketplaceIds", json()));
  if (type.empty() || input.empty() || marketplaces.empty()) {
    return InvalidInput("feedType, marketplaceIds and inputFeedDocumentId are required.");
  }
  Result<std::string> id = c.world->CreateFeed(type, std::move(marketplaces), input);
  if (!id.Ok()) return InvalidInput(id.GetStatus().Message());
  return JsonResponse(202, json{{"feedId", *id}});
}

ApiResponse AmazonSim::Service::GetFeed(Call& c) {
  const Feed* f = c.world->FindFeed(c.Path(1));
  if (f == nullptr || f->created < c.now - kRetention) {
    return ErrorResponse(404, "NotFound", fmt::format("Feed {} was not found.", c.Path(1)));
  }
  return JsonResponse(200, FeedJson(*f));
}

ApiResponse AmazonSim::Service::GetFeeds(Call& c) {
  const World& w = *c.world;
  std::string next;
  std::vector<std::string> page;
  const std::string token_text = QueryValue(c.req, "nextToken");
  if (!token_text.empty()) {
    if (auto err = OnlyNextToken(c.req, "feedTypes")) return *err;
    if (auto err = ContinuePage(c, token_text, "nextToken", &page, &next)) return *err;
  } else {
    ListQuery q;
    if (auto err = ParseListQuery(c.req, "feedTypes", c.now, &q)) return *err;
    auto ids = std::make_shared<std::vector<std::string>>();
    for (auto it = w.Feeds().rbegin(); it != w.Feeds().rend(); ++it) {
      const Feed& f = *it;
      if (!q.types.count(f.feed_type) || f.created < q.since || f.created > q.until) continue;
      if (!q.statuses.empty() && !q.statuses.count(std::string(ProcessingStatusName(f.status))))
        continue;
      ids->push_back(f.feed_id);
    }
    PageToken token;
    token.operation = c.op.operation_id;
    token.seller = c.seller;
    token.ids = std::move(ids);
    token.page_size = q.page_size;
    page = FirstPage(std::move(token), kHour, &next);
  }
  json feeds = json::array();
  for (const std::string& id : page) {
    if (const Feed* f = w.FindFeed(id)) feeds.push_back(FeedJson(*f));
  }
  json body = {{"feeds", std::move(feeds)}};
  if (!next.empty()) body["nextToken"] = next;
  return JsonResponse(200, body);
}

ApiResponse AmazonSim::Service::CancelFeed(Call& c) {
  const Status s = c.world->CancelFeed(c.Path(1));
  if (s.Code() == StatusCode::kNotFound) return ErrorResponse(404, "NotFound", s.Message());
  if (!s.Ok()) return InvalidInput(s.Message());
  ApiResponse r;
  r.status = 200;
  return r;
}

ApiResponse AmazonSim::Service::GetFeedDocument(Call& c) {
  const std::string id = c.Path(1);
  const bool encoding_header = QueryValue(c.req, "enableContentEncodingUrlHeader") == "true";
  if (const Document* doc = c.world->FindDocument(id)) {
    json body = {{"feedDocumentId", doc->id},
                 {"url", SignedUrl("doc", doc->id, c.now, encoding_header && doc->gzip) +
                             fmt::format("&s={}", c.seller)}};
    if (doc->gzip) body["compressionAlgorithm"] = "GZIP";
    return JsonResponse(200, body);
  }
  if (const FeedUpload* u = c.world->FindUpload(id)) {
    return JsonResponse(200, json{{"feedDocumentId", u->id},
                                  {"url", SignedUrl("upload-read", u->id, c.now, false) +
                                              fmt::format("&s={}", c.seller)}});
  }
  return ErrorResponse(404, "NotFound", fmt::format("Feed document {} was not found.", id));
}

}  // namespace fbaflow::sim
