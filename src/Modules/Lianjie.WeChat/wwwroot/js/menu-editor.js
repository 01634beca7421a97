// Menu editor: shows only the fields a button's type uses (click: key; view: url; miniprogram:
// appid, pagepath and the fallback url). Without this script every field shows and the server,
// which ignores the fields a type does not use and validates the rest, is still the judge.
(function () {
  function fieldsOf(slot) {
    return document.querySelectorAll('[data-menu-for="' + slot + '"]');
  }

  function apply(select) {
    var type = select.value;
    fieldsOf(select.getAttribute("data-menu-type")).forEach(function (field) {
      var used = (field.getAttribute("data-menu-types") || "").split(" ").indexOf(type) >= 0;
      field.hidden = !used;
    });
  }

  document.querySelectorAll("select[data-menu-type]").forEach(function (select) {
    apply(select);
    select.addEventListener("change", function () { apply(select); });
  });
})();
