// Eventhos console: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Show only the fields of the selected action security.
  function syncSecurity(select) {
    var form = select.form;
    var chosen = select.value;
    form.querySelectorAll("[data-security]").forEach(function (group) {
      var shown = group.getAttribute("data-security") === chosen;
      group.hidden = !shown;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[name=security]").forEach(function (select) {
      syncSecurity(select);
      select.addEventListener("change", function () { syncSecurity(select); });
    });
    var flash = document.getElementById("flash");
    if (flash && flash.classList.contains("error")) { flash.setAttribute("tabindex", "-1"); flash.focus(); }
  });
})();
